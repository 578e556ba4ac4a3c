using System.Text.Json.Serialization;
using Integration.Governance;
using Integration.Governance.Audit;
using Integration.Governance.Budgets;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<GovernanceOptions>()
    .Bind(builder.Configuration.GetSection(GovernanceOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<PiiDetector>();
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddSingleton<PolicyStore>();
builder.Services.AddSingleton<BudgetLedger>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRedactionEndpoints();
app.MapAuditEndpoints();
app.MapPolicyEndpoints();
app.MapBudgetEndpoints();
app.Logger.LogWarning("Governance service: policies (/v1/policies), PII redaction (/v1/pii/redact), budgets (/v1/budgets) and the audit log " +
                      "(/v1/audit) run; data classification, prompt-injection detection, output guard and approval rules are not implemented yet.");
app.Run();
