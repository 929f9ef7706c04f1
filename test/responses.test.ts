// What a caller gets beside `data`: the response of a JSON call is built without a body (the parsed
// value is handed to openapi-fetch), yet reads like the one Intercom sent. And the path templates,
// split once and kept, give each call its own path.
import { describe, expect, test } from "vitest";
import { createIntercom } from "../generated/2.11/index.js";

const CONTACT = { type: "contact", id: "c1", email: "ada@example.com", name: "Ada Lovelace – ünïcode" };
const TEXT = JSON.stringify(CONTACT);

/** A fetch that answers every request with `TEXT` as JSON, and records the URLs it was sent. */
function answering() {
  const urls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const { url } = new Request(input, init);
    urls.push(url);
    const response = new Response(TEXT, { status: 200, statusText: "OK", headers: { "content-type": "application/json", "x-request-id": "req-1" } });
    // What a real fetch sets, and a constructed Response lacks.
    return Object.defineProperty(response, "url", { value: url });
  };
  return { urls, fetch: fetch as typeof globalThis.fetch };
}

describe("the response of a JSON call", () => {
  test("reads like Intercom's: status, headers, URL, and its body as text, bytes, stream or a clone", async () => {
    const { fetch } = answering();
    const intercom = createIntercom({ token: "tok", baseUrl: "http://127.0.0.1:9", fetch });
    const { data, response } = await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: "c1" } } });
    expect(data).toEqual(CONTACT);

    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok]).toEqual([200, "OK", true]);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(response.headers.get("content-length")).toBe(String(new TextEncoder().encode(TEXT).byteLength));
    expect(response.url).toBe("http://127.0.0.1:9/contacts/c1");

    expect(response.bodyUsed).toBe(false);
    expect(await response.clone().text()).toBe(TEXT);
    expect(await response.json()).toEqual(CONTACT);
    expect(new TextDecoder().decode(await new Response(response.body).arrayBuffer())).toBe(TEXT);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  test("text(), arrayBuffer() and blob() each give the body once", async () => {
    const { fetch } = answering();
    const intercom = createIntercom({ token: "tok", baseUrl: "http://127.0.0.1:9", fetch });
    const a = await intercom.GET("/me");
    expect(await a.response.text()).toBe(TEXT);
    const b = await intercom.GET("/me");
    expect(new TextDecoder().decode(await b.response.arrayBuffer())).toBe(TEXT);
    const c = await intercom.GET("/me");
    expect(await (await c.response.blob()).text()).toBe(TEXT);
    await expect(c.response.blob()).rejects.toThrow(TypeError);
  });
});

describe("path templates, split once", () => {
  test("each call of one template is sent to its own id, and a shape-changing id is still refused", async () => {
    const { urls, fetch } = answering();
    const intercom = createIntercom({ token: "tok", baseUrl: "http://127.0.0.1:9/proxy", fetch });
    for (const id of ["a", "b/c", "d"]) await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: id } } });
    await intercom.GET("/contacts/{contact_id}/companies", { params: { path: { contact_id: "e" } } });
    expect(urls).toEqual(["http://127.0.0.1:9/proxy/contacts/a", "http://127.0.0.1:9/proxy/contacts/b%2Fc", "http://127.0.0.1:9/proxy/contacts/d", "http://127.0.0.1:9/proxy/contacts/e/companies"]);
    await expect(intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: ".." } } })).rejects.toThrow(/contact_id.*another path/);
    await expect(intercom.GET("/contacts/{contact_id}", { params: { path: {} as { contact_id: string } } })).rejects.toThrow(/contact_id.*missing/);
    expect(urls).toHaveLength(4);
  });
});
