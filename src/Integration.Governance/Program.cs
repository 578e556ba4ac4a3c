using Integration.Governance;
using Integration.Governance.Approvals;
using Integration.Governance.Audit;
using Integration.Governance.Budgets;
using Integration.Governance.Guards;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGovernanceServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRedactionEndpoints();
app.MapRevealEndpoints();
app.MapAuditEndpoints();
app.MapAuditReportEndpoints();
app.MapPolicyEndpoints();
app.MapBudgetEndpoints();
app.MapApprovalEndpoints();
app.MapInputGuardEndpoints();
app.MapOutputGuardEndpoints();
app.Run();
