// zendesk-node-api, unchanged, against the Sandbox: it builds its URLs as `${url}/api/v2/` + '/tickets.json', a doubled
// slash Zendesk's servers take as one. Create, show, update, list, show several, list users, search.
import Zendesk from 'zendesk-node-api';

const zendesk = new Zendesk({ url: `${process.env.BASE_URL}/zendesk`, email: process.env.ZENDESK_EMAIL, token: process.env.ZENDESK_TOKEN });

const created = (await zendesk.tickets.create({ subject: 'From zendesk-node-api', comment: { body: 'Created by zendesk-node-api.' }, priority: 'low' })).ticket;
const shown = await zendesk.tickets.show(created.id);
const updated = (await zendesk.tickets.update(created.id, { status: 'open', comment: { body: 'Updated by zendesk-node-api.' } })).ticket;
const listed = await zendesk.tickets.list();
const several = await zendesk.tickets.showMany([1, created.id].join(','));
const users = await zendesk.users.list();
const found = await zendesk.search.list(`query=${encodeURIComponent('"From zendesk-node-api"')}`);
console.log(JSON.stringify({
  created: created.id, shownSubject: shown.subject, updatedStatus: updated.status, listed: listed.length,
  several: several.map(t => t.id), users: users.length, found: found.map(r => r.id).includes(created.id),
}));
