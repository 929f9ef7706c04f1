// Written by make-webhook-vectors.mjs (signatures from node:crypto); do not edit by hand.
export default {
 "secret": "runtime-matrix-secret-do-not-leak",
 "filler": 10485760,
 "good": [
  {
   "name": "conversation.admin.replied (UTF-8 body)",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=31a030ddad381601d8eee7fce300224336c12b66",
   "topic": "conversation.admin.replied",
   "itemId": "123"
  },
  {
   "name": "ping (id null)",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"ping\",\"message\":\"something something interzen\"}},\"links\":{},\"id\":null,\"topic\":\"ping\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=18b1979ce88350d2aae57820671dac08db300c15",
   "topic": "ping",
   "itemId": null
  },
  {
   "name": "a topic the table does not know",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"spaceship\",\"id\":\"1\"}},\"links\":{},\"id\":\"notif_spaceship.launched\",\"topic\":\"spaceship.launched\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=daf01fc6b3a367a3066a5ad1b9cad76566dff0e7",
   "topic": "spaceship.launched",
   "itemId": "1"
  },
  {
   "name": "a 10 MB body",
   "large": true,
   "signature": "sha1=b6c3d8bcb2e6c56090b6513b275dd818b9602a5c",
   "topic": "conversation.user.created",
   "itemId": "9"
  }
 ],
 "bad": [
  {
   "name": "missing signature",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": null,
   "reason": "missing_signature"
  },
  {
   "name": "sha256= prefix",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha256=71f966d238d069f4c2d56af1bfaa9a097d5228dc581567aab8c85a3128855706",
   "reason": "malformed_signature"
  },
  {
   "name": "wrong length",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=31a030ddad381601d8eee7fce300224336c12b6",
   "reason": "malformed_signature"
  },
  {
   "name": "non-hex",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=gggggggggggggggggggggggggggggggggggggggg",
   "reason": "malformed_signature"
  },
  {
   "name": "body re-serialized with other whitespace",
   "text": "{\n  \"type\": \"notification_event\",\n  \"app_id\": \"a86dr8yl\",\n  \"data\": {\n    \"type\": \"notification_event_data\",\n    \"item\": {\n      \"type\": \"conversation\",\n      \"id\": \"123\",\n      \"title\": \"Zoë's refund — €20\"\n    }\n  },\n  \"links\": {},\n  \"id\": \"notif_conversation.admin.replied\",\n  \"topic\": \"conversation.admin.replied\",\n  \"delivery_attempts\": 1,\n  \"first_sent_at\": 1763740800,\n  \"created_at\": 1763740800\n}",
   "signature": "sha1=31a030ddad381601d8eee7fce300224336c12b66",
   "reason": "signature_mismatch"
  },
  {
   "name": "empty body, another body's signature",
   "text": "",
   "signature": "sha1=31a030ddad381601d8eee7fce300224336c12b66",
   "reason": "signature_mismatch"
  },
  {
   "name": "another secret",
   "text": "{\"type\":\"notification_event\",\"app_id\":\"a86dr8yl\",\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":\"123\",\"title\":\"Zoë's refund — €20\"}},\"links\":{},\"id\":\"notif_conversation.admin.replied\",\"topic\":\"conversation.admin.replied\",\"delivery_attempts\":1,\"first_sent_at\":1763740800,\"created_at\":1763740800}",
   "signature": "sha1=22ff8d1271a3bc46b2b716a259503be23201c2a0",
   "reason": "signature_mismatch"
  },
  {
   "name": "empty body, signed",
   "text": "",
   "signature": "sha1=381e4a3681ec643a2c5ee5913b9dd3eeea1400a0",
   "reason": "invalid_json",
   "verifies": true
  },
  {
   "name": "invalid UTF-8, signed",
   "hex": "7b2274797065223a226e6f74696669636174696f6e5f6576656e74222c22fffe6170705f6964223a22613836647238796c222c2264617461223a7b2274797065223a226e6f74696669636174696f6e5f6576656e745f64617461222c226974656d223a7b2274797065223a22636f6e766572736174696f6e222c226964223a22313233222c227469746c65223a225a6fc3ab277320726566756e6420e2809420e282ac3230227d7d2c226c696e6b73223a7b7d2c226964223a226e6f7469665f636f6e766572736174696f6e2e61646d696e2e7265706c696564222c22746f706963223a22636f6e766572736174696f6e2e61646d696e2e7265706c696564222c2264656c69766572795f617474656d707473223a312c2266697273745f73656e745f6174223a313736333734303830302c22637265617465645f6174223a313736333734303830307d",
   "signature": "sha1=b75dcefc03fd5c18cfd06b4c90c82d453af78c65",
   "reason": "invalid_utf8",
   "verifies": true
  }
 ]
};
