using Integration.Sandbox;
using Integration.Sandbox.Faults;
using Integration.Sandbox.Salesforce;
using Integration.Sandbox.Sap;
using Integration.Sandbox.Seeding;
using Integration.Sandbox.Store;
using Integration.Sandbox.Zendesk;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<SandboxOptions>()
    .Bind(builder.Configuration.GetSection(SandboxOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<EntityStore>();
builder.Services.AddSingleton<FaultInjection>();
builder.Services.AddSingleton<ZendeskData>();
builder.Services.AddSingleton<ZendeskWebhooks>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ZendeskWebhooks>());
builder.Services.AddSingleton<SalesforceData>();
builder.Services.AddSingleton<SalesforceSessions>();
builder.Services.AddSingleton<SapData>();
builder.Services.AddScoped<ZendeskGate>();
builder.Services.AddScoped<SalesforceGate>();
builder.Services.AddScoped<SalesforceTokenGate>();
builder.Services.AddScoped<SapGate>();
builder.Services.AddHostedService<SandboxSeeder>();
builder.Services.AddHttpClient(ZendeskWebhooks.ClientName);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapZendeskEndpoints();
app.MapSalesforceEndpoints();
app.MapSapEndpoints();
app.MapSandboxAdminEndpoints();
app.Run();
