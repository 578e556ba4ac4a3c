using Integration.Testing;

namespace Integration.Workflows.Tests;

public sealed class WorkflowsServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service), IClassFixture<ServiceFactory<Program>>;
