using Integration.Inference.Drift;
using Integration.Inference;
using Integration.Inference.Datasets;
using Integration.Inference.Evaluation;
using Integration.Inference.Knowledge;
using Integration.Inference.Ollama;
using Integration.Inference.OpenAI;
using Integration.Inference.Registry;
using Integration.Inference.Training;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInferenceServices();

var app = builder.Build();
foreach (var problem in ModelRegistry.Validate(app.Services.GetRequiredService<InferenceOptions>()))
{
    app.Logger.LogCritical("{Problem}", problem);
}

app.MapDefaultEndpoints();
app.MapOllamaEndpoints();
app.MapOpenAIEndpoints();
app.MapRegistryEndpoints();
app.MapKnowledgeEndpoints();
app.MapTrainingEndpoints();
app.MapDatasetEndpoints();
app.MapEvaluationEndpoints();
app.MapDriftEndpoints();
app.Run();
