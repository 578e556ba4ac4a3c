using System.Text.Json.Serialization;
using Integration.Governance;
using Integration.Governance.Pii;
using Integration.Governance.Redaction;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<GovernanceOptions>()
    .Bind(builder.Configuration.GetSection(GovernanceOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<PiiDetector>();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRedactionEndpoints();
app.Logger.LogWarning("Governance service: PII detection and redaction (/v1/pii/redact) run; policies, data classification, " +
                      "prompt-injection detection, output guard, approval rules, budgets and audit are not implemented yet.");
app.Run();
