package io.valet.keys;

import static io.restassured.RestAssured.given;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jws.EcdsaUsingShaAlgorithm;

import io.restassured.path.json.JsonPath;

/**
 * Checks an access token's signature against the key published in /jwks with the JDK's own
 * providers, named explicitly, whichever provider the server signed with.
 */
final class JdkSignatureCheck {

    static final String NATIVE_PROVIDER = "AmazonCorrettoCryptoProvider";

    private JdkSignatureCheck() {
    }

    static boolean verifies(String token) throws Exception {
        String[] parts = token.split("\\.");
        JsonPath header = new JsonPath(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        String kid = header.getString("kid");
        List<Map<String, String>> keys = given().get("/jwks").then().statusCode(200).extract().path("keys");
        Map<String, String> jwk = keys.stream().filter(k -> kid.equals(k.get("kid"))).findFirst().orElseThrow();

        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        Signature verifier;
        PublicKey publicKey;
        if ("RSA".equals(jwk.get("kty"))) {
            verifier = Signature.getInstance("SHA256withRSA", "SunRsaSign");
            publicKey = KeyFactory.getInstance("RSA", "SunRsaSign").generatePublic(
                    new RSAPublicKeySpec(unsigned(jwk.get("n")), unsigned(jwk.get("e"))));
        } else {
            verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
            publicKey = ecPublicKey(jwk);
            // A JWS carries R and S side by side (RFC 7518 §3.4), and the JDK expects DER.
            signature = EcdsaUsingShaAlgorithm.convertConcatenatedToDer(signature);
        }
        verifier.initVerify(publicKey);
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    private static PublicKey ecPublicKey(Map<String, String> jwk) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC", "SunEC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(unsigned(jwk.get("x")), unsigned(jwk.get("y")));
        return KeyFactory.getInstance("EC", "SunEC").generatePublic(new ECPublicKeySpec(point, curve));
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }
}
