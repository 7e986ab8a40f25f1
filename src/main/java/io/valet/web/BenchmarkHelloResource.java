package io.valet.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.valet.config.ValetConfig;

/**
 * A plain endpoint in the same JVM as Valet, the baseline that the benchmarks compare the
 * protected API with. It runs on a worker thread like the protected API. It returns 404
 * unless {@code valet.benchmark.hello-enabled} is true, which only the bench profile sets.
 */
@Path("/bench/hello")
public class BenchmarkHelloResource {

    @Inject
    ValetConfig config;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response hello() {
        if (!config.benchmark().helloEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok("hello").build();
    }
}
