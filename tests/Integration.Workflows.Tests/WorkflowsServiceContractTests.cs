using Integration.Testing;

namespace Integration.Workflows.Tests;

public sealed class WorkflowsServiceContractTests(WorkflowsFactory service) : ServiceContractTests<Program>(service), IClassFixture<WorkflowsFactory>;
