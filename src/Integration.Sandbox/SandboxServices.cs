using Integration.Sandbox.Faults;
using Integration.Sandbox.Salesforce;
using Integration.Sandbox.Sap;
using Integration.Sandbox.Seeding;
using Integration.Sandbox.Store;
using Integration.Sandbox.Zendesk;
using Integration.ServiceDefaults.Configuration;

namespace Integration.Sandbox;

public static class SandboxServices
{
    /// <summary>Everything the Sandbox is made of: its store, the three vendors' data and gates, fault injection, Zendesk's webhooks, the seed.</summary>
    public static IHostApplicationBuilder AddSandboxServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SandboxOptions>(SandboxOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EntityStore>();
        builder.Services.AddSingleton<FaultInjection>();
        builder.Services.AddSingleton<PerMinuteLimits>();
        builder.Services.AddSingleton<ZendeskData>();
        builder.Services.AddSingleton<ZendeskWebhooks>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ZendeskWebhooks>());
        builder.Services.AddSingleton<SalesforceData>();
        builder.Services.AddSingleton<SalesforceSessions>();
        builder.Services.AddSingleton<SapData>();
        builder.Services.AddScoped<ZendeskGate>();
        builder.Services.AddTransient<IStartupFilter, ZendeskSlashes>();
        builder.Services.AddScoped<SalesforceGate>();
        builder.Services.AddScoped<SalesforceTokenGate>();
        builder.Services.AddScoped<SapGate>();
        builder.Services.AddHostedService<SandboxSeeder>();
        builder.Services.AddSingleton<Oidc.OidcProvider>();
        builder.Services.AddHttpClient(ZendeskWebhooks.ClientName);
        return builder;
    }
}
