// node-zendesk, unchanged, against the Sandbox: create, show, update with a comment, list.
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
console.log(JSON.stringify({ created: created.id, shownSubject: shown.subject, updatedStatus: updated.status, listed: listed.length }));
