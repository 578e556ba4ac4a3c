namespace Integration.Hosting.ApplicationModel;

/// <summary>
/// A value known at run time (a port, a secret) that the manifest writes as an expression instead,
/// e.g. <c>{redis.connectionString}</c> or <c>{inference.bindings.http.url}</c>.
/// </summary>
public interface IValueWithExpression
{
    string ValueExpression { get; }
    string GetValue();
}

/// <summary>A plain string: the same at run time and in the manifest.</summary>
public sealed record LiteralValue(string Value) : IValueWithExpression
{
    public string ValueExpression => Value;
    public string GetValue() => Value;
}

/// <summary>A composite format (<c>{0}:{1}</c>) over other values, like Aspire's ReferenceExpression.</summary>
public sealed class ReferenceExpression(string format, params IValueWithExpression[] values) : IValueWithExpression
{
    public string ValueExpression => string.Format(format, values.Select(v => (object)v.ValueExpression).ToArray());
    public string GetValue() => string.Format(format, values.Select(v => (object)v.GetValue()).ToArray());
}

public enum EndpointProperty { Url, Host, Port, TargetPort }

/// <summary>Points at one endpoint of a resource; resolves to the allocated address at run time.</summary>
public sealed class EndpointReference(IResource resource, EndpointAnnotation endpoint) : IValueWithExpression
{
    public IResource Resource { get; } = resource;
    public EndpointAnnotation Endpoint { get; } = endpoint;

    public string Url => GetValue();

    public string ValueExpression => Property(EndpointProperty.Url).ValueExpression;
    public string GetValue() => Property(EndpointProperty.Url).GetValue();

    public IValueWithExpression Property(EndpointProperty property) => new EndpointPropertyValue(this, property);

    private sealed record EndpointPropertyValue(EndpointReference Owner, EndpointProperty Property) : IValueWithExpression
    {
        public string ValueExpression =>
            $"{{{Owner.Resource.Name}.bindings.{Owner.Endpoint.Name}.{Property.ToString().ToLowerInvariant()}}}";

        public string GetValue()
        {
            var allocated = Owner.Endpoint.Allocated ?? throw new DistributedApplicationException(
                $"Endpoint '{Owner.Endpoint.Name}' of resource '{Owner.Resource.Name}' has no address yet; it is allocated when the application starts.");
            return Property switch
            {
                EndpointProperty.Url => allocated.Url,
                EndpointProperty.Host => allocated.Host,
                EndpointProperty.Port => allocated.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                EndpointProperty.TargetPort => (Owner.Endpoint.TargetPort ?? allocated.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentOutOfRangeException(nameof(Property)),
            };
        }
    }
}

/// <summary>Connection string of a resource, written to the manifest as <c>{name.connectionString}</c>.</summary>
public sealed record ConnectionStringReference(IResourceWithConnectionString Resource) : IValueWithExpression
{
    public string ValueExpression => $"{{{Resource.Name}.connectionString}}";
    public string GetValue() => Resource.ConnectionStringExpression.GetValue();
}
