package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class JsonMergePatchTest {

    @Test
    void aNullRemovesAMemberAndOthersAreKept() {
        JsonObject result = JsonMergePatch.apply(Json.of("{'a':1,'b':2}"), Json.of("{'a':null,'c':3}"));
        assertEquals(Json.of("{'b':2,'c':3}"), result);
    }

    @Test
    void objectsMergeMemberByMemberAtEveryDepth() {
        JsonObject result = JsonMergePatch.apply(Json.of("{'a':{'b':{'c':1,'d':2},'e':3}}"),
                Json.of("{'a':{'b':{'c':10,'d':null}}}"));
        assertEquals(Json.of("{'a':{'b':{'c':10},'e':3}}"), result);
    }

    @Test
    void anythingButAnObjectReplacesTheMemberWhole() {
        assertEquals(Json.of("{'a':[1,2]}"), JsonMergePatch.apply(Json.of("{'a':{'x':1}}"), Json.of("{'a':[1,2]}")));
        assertEquals(Json.of("{'a':'text'}"), JsonMergePatch.apply(Json.of("{'a':[3]}"), Json.of("{'a':'text'}")));
        assertEquals(Json.of("{'a':{'y':2}}"), JsonMergePatch.apply(Json.of("{'a':5}"), Json.of("{'a':{'y':2}}")));
    }

    @Test
    void nullsInsideANewObjectAreNotStored() {
        assertEquals(Json.of("{'a':{'c':1}}"), JsonMergePatch.apply(Json.of("{}"), Json.of("{'a':{'b':null,'c':1}}")));
    }

    @Test
    void removingAnAbsentMemberChangesNothing() {
        assertEquals(Json.of("{'a':1}"), JsonMergePatch.apply(Json.of("{'a':1}"), Json.of("{'z':null}")));
    }

    @Test
    void diffIsThePatchBetweenTwoDocuments() {
        JsonObject from = Json.of("{'a':1,'b':{'c':1,'d':2},'e':true,'f':{'g':1}}");
        JsonObject to = Json.of("{'a':1,'b':{'c':5},'h':'new','f':{'g':1}}");
        JsonObject diff = JsonMergePatch.diff(from, to);
        assertEquals(Json.of("{'e':null,'b':{'c':5,'d':null},'h':'new'}"), diff);
        assertEquals(to, JsonMergePatch.apply(from, diff));
    }
}
