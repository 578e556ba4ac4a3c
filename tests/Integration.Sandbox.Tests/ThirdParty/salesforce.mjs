// jsforce, unchanged, against the Sandbox: OAuth client credentials, describeGlobal, describe, limits, SOQL with queryMore,
// create, retrieve (one, and several through the SObject Collections API), update, upsert.
import jsforce from 'jsforce';

const conn = new jsforce.Connection({
  oauth2: { loginUrl: `${process.env.BASE_URL}/salesforce`, clientId: process.env.SF_CLIENT_ID, clientSecret: process.env.SF_CLIENT_SECRET },
  version: '59.0',
});
await conn.authorize({ grant_type: 'client_credentials' });
const global = await conn.describeGlobal();
const caseDescribe = await conn.sobject('Case').describe();
const limits = await conn.limits();

const records = [];
const query = conn.query('SELECT Id, Subject FROM Case').on('record', r => records.push(r.Id));
await query.run({ autoFetch: true, maxFetch: 10000 });
const created = await conn.sobject('Case').create({ Subject: 'From jsforce', Origin: 'Web' });
await conn.sobject('Case').update({ Id: created.id, Status: 'Working' });
const retrieved = await conn.sobject('Case').retrieve(created.id);
const upserted = await conn.sobject('Account').upsert({ Name: 'Jsforce Ltd', External_Id__c: 'JSF-1' }, 'External_Id__c');
const second = await conn.sobject('Case').create({ Subject: 'Second from jsforce' });
const several = await conn.sobject('Case').retrieve([created.id, second.id]);
console.log(JSON.stringify({
  queried: records.length, total: query.totalSize, created: created.success, status: retrieved.Status, upserted: upserted.success,
  described: global.sobjects.length, caseFields: caseDescribe.fields.length, apiRemaining: limits.DailyApiRequests.Remaining,
  retrievedSubjects: several.map(r => r.Subject).join('|'),
}));
