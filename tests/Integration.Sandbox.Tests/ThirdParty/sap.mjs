// SAP Cloud SDK's HTTP client, unchanged, against the Sandbox: basic auth, its own CSRF token fetch, a deep-insert create.
import { executeHttpRequest } from '@sap-cloud-sdk/http-client';

const destination = { url: process.env.BASE_URL, username: process.env.SAP_USER, password: process.env.SAP_PASSWORD };
const service = '/sap/opu/odata/sap/API_SALES_ORDER_SRV';
const list = await executeHttpRequest(destination, { method: 'get', url: `${service}/A_SalesOrder?$top=2&$inlinecount=allpages` });
const created = await executeHttpRequest(destination, {
  method: 'post',
  url: `${service}/A_SalesOrder`,
  data: {
    SalesOrderType: 'OR', SalesOrganization: '1710', DistributionChannel: '10', OrganizationDivision: '00', SoldToParty: '1000002',
    to_Item: { results: [{ Material: 'MZ-FG-LAMP01', RequestedQuantity: '3' }] },
  },
}, { fetchCsrfToken: true });
console.log(JSON.stringify({ listed: list.data.d.results.length, count: list.data.d.__count, status: created.status, total: created.data.d.TotalNetAmount }));
