using Integration.Testing;

namespace Integration.Connectors.Tests;

public sealed class ConnectorsServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service), IClassFixture<ServiceFactory<Program>>;
