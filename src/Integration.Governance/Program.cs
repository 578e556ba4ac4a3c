var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Logger.LogWarning("Governance service: only the foundation runs so far (health, auth, /system). " +
                      "Policies, guards, approval rules, budgets and audit are not implemented yet.");
app.Run();
