using Integration.Sandbox;
using Integration.Sandbox.Oidc;
using Integration.Sandbox.Salesforce;
using Integration.Sandbox.Sap;
using Integration.Sandbox.Zendesk;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSandboxServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapZendeskEndpoints();
app.MapSalesforceEndpoints();
app.MapSapEndpoints();
app.MapSandboxAdminEndpoints();
app.MapOidcEndpoints();
app.Run();
