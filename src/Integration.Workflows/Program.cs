var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Logger.LogWarning("Workflow service: only the foundation runs so far (health, auth, /system). " +
                      "Definitions, instances, approvals and KPIs are not implemented yet.");
app.Run();
