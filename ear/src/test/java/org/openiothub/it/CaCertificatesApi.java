package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The Certificates API spoken by hand: registering a CA and proving possession of its key. */
final class CaCertificatesApi {

    private CaCertificatesApi() {
    }

    /** @return the certificate description the hub answered */
    static JsonObject register(ServiceApi api, String name, TestCertificates.Identity authority) throws Exception {
        JsonObject body = new JsonObject();
        JsonObject properties = new JsonObject();
        properties.addProperty("certificate", TestCertificates.pem(authority.certificate()));
        body.add("properties", properties);
        ServiceApi.Reply reply = api.call("PUT", "/certificates/" + name, body.toString(), json(api, null));
        assertEquals(200, reply.status(), reply.body());
        return JsonParser.parseString(reply.body()).getAsJsonObject();
    }

    /** Registers the CA, asks for a verification code and proves possession with a certificate signed for it. */
    static JsonObject registerAndVerify(ServiceApi api, String name, TestCertificates.Identity authority) throws Exception {
        JsonObject registered = register(api, name, authority);
        JsonObject coded = generateVerificationCode(api, name, registered.get("etag").getAsString());
        String code = coded.getAsJsonObject("properties").get("verificationCode").getAsString();
        ServiceApi.Reply verified = verify(api, name, coded.get("etag").getAsString(),
                TestCertificates.signedBy(authority, code));
        assertEquals(200, verified.status(), verified.body());
        return JsonParser.parseString(verified.body()).getAsJsonObject();
    }

    static JsonObject generateVerificationCode(ServiceApi api, String name, String etag) {
        ServiceApi.Reply reply = api.call("POST", "/certificates/" + name + "/generateVerificationCode", "",
                json(api, etag));
        assertEquals(200, reply.status(), reply.body());
        return JsonParser.parseString(reply.body()).getAsJsonObject();
    }

    static ServiceApi.Reply verify(ServiceApi api, String name, String etag, TestCertificates.Identity proof)
            throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("certificate", TestCertificates.pem(proof.certificate()));
        return api.call("POST", "/certificates/" + name + "/verify", body.toString(), json(api, etag));
    }

    static void delete(ServiceApi api, String name) {
        api.call("DELETE", "/certificates/" + name, null, json(api, "*"));
    }

    static Map<String, String> json(ServiceApi api, String ifMatch) {
        return ifMatch == null
                ? Map.of("Authorization", api.ownerToken(), "Content-Type", "application/json")
                : Map.of("Authorization", api.ownerToken(), "Content-Type", "application/json", "If-Match", "\"" + ifMatch + "\"");
    }
}
