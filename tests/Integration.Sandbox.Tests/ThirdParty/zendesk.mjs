// node-zendesk, unchanged, against the Sandbox: create, show, update with a comment, list tickets and users, incremental export.
import zendesk from 'node-zendesk';

const client = zendesk.createClient({
  username: process.env.ZENDESK_EMAIL,
  token: process.env.ZENDESK_TOKEN,
  endpointUri: `${process.env.BASE_URL}/zendesk/api/v2`,
});

const { result: created } = await client.tickets.create({ ticket: { subject: 'From node-zendesk', comment: { body: 'Created by the node-zendesk client.' }, priority: 'low' } });
const { result: shown } = await client.tickets.show(created.id);
const { result: updated } = await client.tickets.update(created.id, { ticket: { status: 'open', comment: { body: 'Updated by node-zendesk.' } } });
const listed = await client.tickets.list();
const users = await client.users.list();
// The incremental cursor export: from the start of time, following after_cursor until end_of_stream.
const exported = [];
// An undefined cursor would be sent as "cursor=undefined": the first request sends an empty one.
let page = (await client.ticketexport.exportCursor(0, '')).result;
for (;;) {
  exported.push(...page.tickets);
  if (page.end_of_stream) break;
  page = (await client.ticketexport.exportCursor(0, page.after_cursor)).result;
}
console.log(JSON.stringify({
  created: created.id, shownSubject: shown.subject, updatedStatus: updated.status, listed: listed.length, users: users.length,
  exported: exported.length, exportedUpdatedLast: exported[exported.length - 1].id === created.id,
}));
