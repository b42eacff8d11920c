package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The Certificates API: upload, verification code, proof of possession, list, delete, and its limits. */
class CaCertificateIT {

    private static ServiceApi api;

    @BeforeAll
    static void connect() {
        api = new ServiceApi();
    }

    @Test
    void aCaIsVerifiedByProofOfPossessionAndThenDeleted() throws Exception {
        TestCertificates.Identity authority = TestCertificates.authority("ca-it-" + UUID.randomUUID());
        String name = "ca-it-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject registered = CaCertificatesApi.register(api, name, authority);
        JsonObject properties = registered.getAsJsonObject("properties");
        assertEquals(name, registered.get("name").getAsString());
        assertFalse(properties.get("isVerified").getAsBoolean());
        assertEquals(TestCertificates.sha1(authority.certificate()), properties.get("thumbprint").getAsString());
        assertTrue(properties.get("subject").getAsString().contains("CN=ca-it-"), properties.toString());

        ServiceApi.Reply staleCode = api.call("POST", "/certificates/" + name + "/generateVerificationCode", "",
                CaCertificatesApi.json(api, "stale"));
        assertEquals(412, staleCode.status(), staleCode.body());
        JsonObject coded = CaCertificatesApi.generateVerificationCode(api, name, registered.get("etag").getAsString());
        String code = coded.getAsJsonObject("properties").get("verificationCode").getAsString();
        String etag = coded.get("etag").getAsString();

        TestCertificates.Identity stranger = TestCertificates.authority("stranger");
        ServiceApi.Reply notSignedByTheCa = CaCertificatesApi.verify(api, name, etag, TestCertificates.signedBy(stranger, code));
        assertEquals(400, notSignedByTheCa.status(), notSignedByTheCa.body());
        ServiceApi.Reply wrongCode = CaCertificatesApi.verify(api, name, etag, TestCertificates.signedBy(authority, "not-the-code"));
        assertEquals(400, wrongCode.status(), wrongCode.body());

        ServiceApi.Reply verified = CaCertificatesApi.verify(api, name, etag, TestCertificates.signedBy(authority, code));
        assertEquals(200, verified.status(), verified.body());
        JsonObject after = JsonParser.parseString(verified.body()).getAsJsonObject();
        assertTrue(after.getAsJsonObject("properties").get("isVerified").getAsBoolean());

        ServiceApi.Reply got = api.call("GET", "/certificates/" + name, null, api.ownerToken());
        assertEquals(200, got.status());
        assertTrue(JsonParser.parseString(got.body()).getAsJsonObject().getAsJsonObject("properties").get("isVerified").getAsBoolean());
        assertTrue(names().contains(name));

        ServiceApi.Reply staleDelete = api.call("DELETE", "/certificates/" + name, null, CaCertificatesApi.json(api, "stale"));
        assertEquals(412, staleDelete.status(), staleDelete.body());
        ServiceApi.Reply deleted = api.call("DELETE", "/certificates/" + name, null,
                CaCertificatesApi.json(api, after.get("etag").getAsString()));
        assertEquals(200, deleted.status(), deleted.body());
        ServiceApi.Reply gone = api.call("GET", "/certificates/" + name, null, api.ownerToken());
        assertEquals(404, gone.status());
        assertTrue(gone.body().contains("CertificateNotFound"), gone.body());
    }

    @Test
    void replacingACertificateNeedsItsEtagAndTakesTheVerificationAway() throws Exception {
        TestCertificates.Identity authority = TestCertificates.authority("ca-replace-" + UUID.randomUUID());
        String name = "ca-replace-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject verified = CaCertificatesApi.registerAndVerify(api, name, authority);
        try {
            JsonObject body = new JsonObject();
            JsonObject properties = new JsonObject();
            properties.addProperty("certificate", TestCertificates.pem(TestCertificates.authority("ca-next").certificate()));
            body.add("properties", properties);
            ServiceApi.Reply withoutEtag = api.call("PUT", "/certificates/" + name, body.toString(), CaCertificatesApi.json(api, null));
            assertEquals(412, withoutEtag.status(), withoutEtag.body());
            ServiceApi.Reply replaced = api.call("PUT", "/certificates/" + name, body.toString(),
                    CaCertificatesApi.json(api, verified.get("etag").getAsString()));
            assertEquals(200, replaced.status(), replaced.body());
            assertFalse(JsonParser.parseString(replaced.body()).getAsJsonObject().getAsJsonObject("properties")
                    .get("isVerified").getAsBoolean());
        } finally {
            CaCertificatesApi.delete(api, name);
        }
    }

    @Test
    void theHubHoldsAtMost25CaCertificates() throws Exception {
        List<String> added = new ArrayList<>();
        try {
            TestCertificates.Identity authority = TestCertificates.authority("ca-limit");
            int existing = names().size();
            for (int i = existing; i < 25; i++) {
                String name = "ca-limit-" + i;
                CaCertificatesApi.register(api, name, authority);
                added.add(name);
            }
            JsonObject body = new JsonObject();
            JsonObject properties = new JsonObject();
            properties.addProperty("certificate", TestCertificates.pem(authority.certificate()));
            body.add("properties", properties);
            ServiceApi.Reply refused = api.call("PUT", "/certificates/ca-limit-over", body.toString(), CaCertificatesApi.json(api, null));
            assertEquals(403, refused.status(), refused.body());
        } finally {
            added.forEach(name -> CaCertificatesApi.delete(api, name));
        }
    }

    @Test
    void badCertificatesAndCallersWithoutRegistryWriteAreRefused() {
        ServiceApi.Reply garbage = api.call("PUT", "/certificates/garbage", "{\"properties\":{\"certificate\":\"bm90IGEgY2VydA==\"}}",
                CaCertificatesApi.json(api, null));
        assertEquals(400, garbage.status(), garbage.body());
        ServiceApi.Reply anonymous = api.call("GET", "/certificates", null, Map.of());
        assertEquals(401, anonymous.status(), anonymous.body());
    }

    private static List<String> names() {
        ServiceApi.Reply list = api.call("GET", "/certificates", null, api.ownerToken());
        assertEquals(200, list.status(), list.body());
        List<String> names = new ArrayList<>();
        for (JsonElement certificate : JsonParser.parseString(list.body()).getAsJsonObject().getAsJsonArray("value")) {
            names.add(certificate.getAsJsonObject().get("name").getAsString());
        }
        return names;
    }
}
