// npm start: a first look at intercom-fetch. Without INTERCOM_TOKEN it starts a Prism mock of
// Intercom 2.11 on loopback and talks to that; with INTERCOM_TOKEN it talks to the real API,
// read-only calls only.
import { IntercomError } from "intercom-fetch";
import { apiVersion, createIntercom } from "intercom-fetch/2.11";
import { startPrism } from "../scripts/lib/prism.mjs";

const token = process.env.INTERCOM_TOKEN;
const mock = token ? undefined : await startPrism(new URL("../generated/2.11/openapi.json", import.meta.url).pathname, { errors: false });
console.log(mock ? `Intercom ${apiVersion} mock (Prism) at ${mock.url}; set INTERCOM_TOKEN to use the real API` : `Intercom ${apiVersion}, real API`);

const intercom = createIntercom({ token: token ?? "mock-token", baseUrl: mock?.url, region: process.env.INTERCOM_REGION ?? "us" });

/** openapi-fetch answers `{ data, error, response }`; here an error becomes an exception. */
async function ok(call) {
  const result = await call;
  if (!result.response.ok) throw IntercomError.from(result);
  return result.data;
}

try {
  const me = await ok(intercom.GET("/me"));
  console.log(`\nSigned in as ${me.name} <${me.email}> in workspace ${me.app?.name ?? "?"}`);

  const admins = await ok(intercom.GET("/admins"));
  console.log(`\nAdmins (${admins.admins?.length ?? 0}):`);
  for (const admin of admins.admins ?? []) console.log(`  ${admin.id}  ${admin.name}  ${admin.email}`);

  const contacts = await ok(intercom.GET("/contacts", { params: { query: { per_page: 3 } } }));
  console.log(`\nContacts: ${contacts.total_count} in all, first page:`);
  for (const contact of contacts.data ?? []) console.log(`  ${contact.id}  ${contact.role}  ${contact.email ?? contact.name ?? ""}`);

  const tags = await ok(intercom.GET("/tags"));
  console.log(`\nTags: ${(tags.data ?? []).map((t) => t.name).join(", ")}`);
} catch (error) {
  console.error(`\n${error instanceof IntercomError ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await mock?.stop();
}
