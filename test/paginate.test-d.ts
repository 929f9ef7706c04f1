import { expectTypeOf, test } from "vitest";
import { createIntercom, type components } from "../generated/2.11/index.js";

const intercom = createIntercom({ token: "t" });

test("items are typed from the path's response", async () => {
  for await (const contact of intercom.paginate("/contacts")) expectTypeOf(contact).toEqualTypeOf<components["schemas"]["contact"]>();
  for await (const conversation of intercom.paginate("/conversations")) expectTypeOf(conversation).toEqualTypeOf<components["schemas"]["conversation_list_item"]>();
});

test("only pageable lists, with their own parameters", () => {
  // @ts-expect-error /me is not a list
  intercom.paginate("/me");
  // @ts-expect-error /segments has pages but no way to ask for the next one
  intercom.paginate("/segments");
  intercom.paginate("/contacts/{contact_id}/notes", { params: { path: { contact_id: "1" } } });
  // @ts-expect-error per_page is a number
  intercom.paginate("/contacts", { params: { query: { per_page: "3" } } });
});
