using System.Text.Json.Serialization;
using Integration.Governance;
using Integration.Governance.Approvals;
using Integration.Governance.Audit;
using Integration.Governance.Budgets;
using Integration.Governance.Guards;
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
app.MapApprovalEndpoints();
app.MapInputGuardEndpoints();
app.MapOutputGuardEndpoints();
app.Logger.LogWarning("Governance service: policies, input and output guards, budgets, approval rules and the audit log run; " +
                      "custom PII recognizers in policies are not implemented yet.");
app.Run();
