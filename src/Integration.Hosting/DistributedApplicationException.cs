namespace Integration.Hosting;

/// <summary>The application model is wrong or cannot start; the message names the resources involved.</summary>
public sealed class DistributedApplicationException(string message) : Exception(message);
