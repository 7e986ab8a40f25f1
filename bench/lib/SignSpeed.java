import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures how many JWS signatures per second this JVM's default providers make, the Java
 * counterpart of `openssl speed`: SHA256withRSA with a 2048-bit key (RS256) and SHA256withECDSA
 * on P-256 (ES256), over a 200-byte input like a JWT's signing input.
 * Usage: java SignSpeed.java THREADS SECONDS [corretto]. It prints "rs256 sign_per_s=..." and
 * "es256 sign_per_s=...". The argument "corretto" puts the Amazon Corretto Crypto Provider first,
 * as Valet does, and appends "-corretto" to the names. Its jar must then be on the class path.
 */
public class SignSpeed {

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        String suffix = "";
        if (args.length > 2 && args[2].equals("corretto")) {
            // Loaded by name, so that the program also compiles and runs without the jar.
            Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                    .getMethod("install").invoke(null);
            suffix = "-corretto";
        }

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));

        report("rs256" + suffix, "SHA256withRSA", rsa.generateKeyPair(), threads, seconds);
        report("es256" + suffix, "SHA256withECDSA", ec.generateKeyPair(), threads, seconds);
    }

    private static void report(String name, String algorithm, KeyPair keys, int threads, long seconds)
            throws Exception {
        byte[] input = new byte[200];
        // The first second warms up the JIT compiler and is not counted.
        run(algorithm, keys, input, threads, 1);
        long signatures = run(algorithm, keys, input, threads, seconds);
        System.out.printf("%s sign_per_s=%d threads=%d%n", name, signatures / seconds, threads);
    }

    private static long run(String algorithm, KeyPair keys, byte[] input, int threads, long seconds)
            throws Exception {
        LongAdder count = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try {
                    Signature signature = Signature.getInstance(algorithm);
                    while (System.nanoTime() < end) {
                        signature.initSign(keys.getPrivate());
                        signature.update(input);
                        signature.sign();
                        count.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(algorithm + " signing failed", e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return count.sum();
    }
}
