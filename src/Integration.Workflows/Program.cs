using Integration.Workflows.Definitions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DefinitionStore>();
builder.Services.AddHostedService<SamplePublisher>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDefinitionEndpoints();
app.Logger.LogWarning("Workflow service: definitions (validation, versions, publishing) and the activity catalog run; " +
                      "the runtime that executes instances (Orleans), approvals, triggers and KPIs is not implemented yet.");
app.Run();
