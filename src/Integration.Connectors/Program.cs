var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Logger.LogWarning("Connector service: only the foundation runs so far (health, auth, /system). " +
                      "The operation catalog, connections and webhooks are not implemented yet.");
app.Run();
