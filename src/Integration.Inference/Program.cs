var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Logger.LogWarning("Inference service: only the foundation runs so far (health, auth, /system). " +
                      "The Ollama-compatible API, models and knowledge base are not implemented yet.");
app.Run();
