package io.valet.web;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BenchmarkHelloTest {

    @Test
    void helloEndpointOffByDefault() {
        given().get("/bench/hello").then().statusCode(404);
    }
}
