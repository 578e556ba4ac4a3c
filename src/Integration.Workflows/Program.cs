using Integration.Workflows;
using Integration.Workflows.Approvals;
using Integration.Workflows.Cluster;
using Integration.Workflows.Definitions;
using Integration.Workflows.Experiments;
using Integration.Workflows.Feedback;
using Integration.Workflows.Instances;
using Integration.Workflows.Kpis;
using Integration.Workflows.Triggers;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWorkflowServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDefinitionEndpoints();
app.MapInstanceEndpoints();
app.MapTriggerEndpoints();
app.MapApprovalEndpoints();
app.MapFeedbackEndpoints();
app.MapExperimentEndpoints();
app.MapKpiEndpoints();
app.MapClusterEndpoints();
app.Run();
