var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Logger.LogWarning("Sandbox: only the foundation runs so far (health, auth, /system). " +
                      "The Zendesk, Salesforce and SAP stand-ins are not implemented yet.");
app.Run();
