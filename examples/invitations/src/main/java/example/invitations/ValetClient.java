package example.invitations;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;

import io.quarkus.logging.Log;

/**
 * This app as an OAuth 2.0 client of Valet, built on the Nimbus OAuth 2.0 SDK. It reads Valet's
 * endpoints from its RFC 8414 metadata and registers itself through RFC 7591 dynamic client
 * registration on first use, as a confidential client that also uses PKCE.
 */
@ApplicationScoped
public class ValetClient {

    /** The only scope this app requests: it imports contacts and needs nothing else. */
    public static final Scope SCOPE = new Scope("contacts:read");

    @ConfigProperty(name = "invitations.valet-url")
    String valetUrl;

    @ConfigProperty(name = "invitations.base-url")
    String baseUrl;

    private Registration registration;

    /** Valet's metadata and this app's registration there. */
    public record Registration(AuthorizationServerMetadata metadata, ClientInformation client) {
    }

    /** A response of Valet's address book API. */
    public record ApiResponse(int status, String body, String wwwAuthenticate) {
    }

    /** Builds the URL of Valet's authorization endpoint for a code request with a PKCE S256 challenge. */
    public URI authorizationUrl(State state, CodeVerifier verifier) throws IOException, GeneralException {
        Registration registered = registration();
        return new AuthorizationRequest.Builder(ResponseType.CODE, registered.client().getID())
                .endpointURI(registered.metadata().getAuthorizationEndpointURI())
                .redirectionURI(callbackUrl())
                .scope(SCOPE)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Returns the issuer that Valet's metadata names, which the callback compares with the iss parameter. */
    public Issuer issuer() throws IOException, GeneralException {
        return registration().metadata().getIssuer();
    }

    /** Exchanges an authorization code and its PKCE verifier for an access token. */
    public AccessToken exchange(AuthorizationCode code, CodeVerifier verifier) throws IOException, ParseException,
            GeneralException {
        Registration registered = registration();
        ClientInformation client = registered.client();
        TokenRequest request = new TokenRequest(registered.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(client.getID(), client.getSecret()),
                new AuthorizationCodeGrant(code, callbackUrl(), verifier));
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            throw new GeneralException("Valet rejected the code exchange: " + error.getErrorObject().getCode(),
                    error.getErrorObject());
        }
        return response.toSuccessResponse().getTokens().getAccessToken();
    }

    /** Sends GET to a path of Valet's address book API, such as /api/contacts, with the access token. */
    public ApiResponse get(String path, AccessToken token) throws IOException {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, new URL(valetUrl + path));
        request.setAuthorization(token.toAuthorizationHeader());
        request.setAccept("application/json");
        HTTPResponse response = request.send();
        return new ApiResponse(response.getStatusCode(), response.getBody(),
                response.getHeaderValue("WWW-Authenticate"));
    }

    private URI callbackUrl() {
        return URI.create(baseUrl + "/callback");
    }

    /**
     * Returns the registration, discovering Valet and registering this app on the first call. Valet
     * need not be running when this app starts.
     */
    private synchronized Registration registration() throws IOException, GeneralException {
        if (registration != null) {
            return registration;
        }
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.resolve(new Issuer(valetUrl));

        ClientMetadata client = new ClientMetadata();
        client.setName("Invitations example");
        client.setRedirectionURI(callbackUrl());
        client.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE));
        client.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        client.setScope(SCOPE);
        HTTPResponse http = new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(), client, null)
                .toHTTPRequest().send();
        ClientRegistrationResponse response = ClientRegistrationResponse.parse(http);
        if (!response.indicatesSuccess()) {
            var error = ((ClientRegistrationErrorResponse) response).getErrorObject();
            throw new GeneralException("Valet rejected the client registration with " + error.getCode() + ": "
                    + error.getDescription() + ". Valet's dev mode allows open registration.", error);
        }

        ClientInformation information = ((ClientInformationResponse) response).getClientInformation();
        Log.infof("Registered at %s as client %s", metadata.getIssuer(), information.getID());
        registration = new Registration(metadata, information);
        return registration;
    }
}
