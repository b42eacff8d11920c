package org.openiothub.query;

import java.io.StringReader;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Test documents written with single quotes for readability: {@code json("{'a': 1}")}. */
final class Documents {

    private Documents() {
    }

    static JsonObject json(String singleQuoted) {
        try (var reader = Json.createReader(new StringReader(singleQuoted.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    static JsonValue value(String singleQuoted) {
        try (var reader = Json.createReader(new StringReader(singleQuoted.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    static List<JsonObject> fleet() {
        return List.of(
                json("{'deviceId':'d1','status':'enabled','connectionState':'Connected','cloudToDeviceMessageCount':0,"
                        + "'tags':{'building':'b42','location':{'region':'US'}},"
                        + "'properties':{'desired':{'$version':3},'reported':{'fw':'2.1','temp':21.5,'ok':true,'$version':7}}}"),
                json("{'deviceId':'d2','status':'enabled','connectionState':'Disconnected','cloudToDeviceMessageCount':3,"
                        + "'tags':{'building':'b42','location':{'region':'EU'}},"
                        + "'properties':{'desired':{},'reported':{'fw':'2.0','temp':19,'ok':false}}}"),
                json("{'deviceId':'d3','status':'disabled','connectionState':'Disconnected','cloudToDeviceMessageCount':1,"
                        + "'tags':{'building':'b7'},"
                        + "'properties':{'desired':{},'reported':{'fw':'2.1','temp':'hot','my-key':'x'}}}"),
                json("{'deviceId':'d4','status':'enabled','connectionState':'Connected','cloudToDeviceMessageCount':0,"
                        + "'tags':{},'properties':{'desired':{},'reported':{'temp':null}}}"));
    }
}
