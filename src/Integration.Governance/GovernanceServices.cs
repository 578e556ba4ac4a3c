using System.Text.Json.Serialization;
using Integration.Governance.Audit;
using Integration.Governance.Budgets;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Configuration;

namespace Integration.Governance;

public static class GovernanceServices
{
    /// <summary>Everything the governance service is made of: its options, the PII detector, the stores of policies, budgets and audit.</summary>
    public static IHostApplicationBuilder AddGovernanceServices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<GovernanceOptions>(GovernanceOptions.SectionName);
        builder.Services.AddSingleton<PiiDetector>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<PolicyStore>();
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddHostedService<ShippedPolicyPublisher>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }
}
