package io.valet.token;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.valet.config.ValetConfig;
import io.valet.keys.LoadedKey;
import io.valet.keys.SigningKeys;
import io.valet.oauth.Secrets;

/**
 * Signs JWT access tokens in the format of RFC 9068.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** Media type of RFC 9068 access tokens, sent in the typ header. */
    public static final String TOKEN_TYPE = "at+jwt";

    /** Claim that names the token's authorization, so that revoking the authorization revokes the token. */
    public static final String AUTHORIZATION_ID_CLAIM = "authorization_id";

    @Inject
    ValetConfig config;

    @Inject
    SigningKeys signingKeys;

    @Inject
    Clock clock;

    public IssuedAccessToken issue(AccessTokenClaims claims) {
        Instant now = clock.instant();
        long issuedAt = now.getEpochSecond();
        long lifetime = claims.lifetime().toSeconds();
        String tokenId = Secrets.newId();

        JwtClaimsBuilder builder = Jwt.claims()
                .issuer(config.issuer())
                .subject(claims.subject())
                .audience(config.audience())
                .claim("client_id", claims.clientId())
                .claim("scope", claims.scope().toString())
                .claim("jti", tokenId)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt + lifetime);
        if (claims.authTime() != null) {
            builder.claim("auth_time", claims.authTime().getEpochSecond());
        }
        if (claims.authorizationId() != null) {
            builder.claim(AUTHORIZATION_ID_CLAIM, claims.authorizationId());
        }

        LoadedKey key = signingKeys.currentSigningKey();
        String token = builder.jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.fromAlgorithm(key.algorithm()))
                .header("typ", TOKEN_TYPE)
                .sign(key.privateKey());
        return new IssuedAccessToken(token, tokenId, lifetime);
    }
}
