using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting;

/// <summary>Finds every error in the model before anything starts, each naming the resources involved.</summary>
internal static class ModelValidator
{
    public static List<string> Validate(IReadOnlyList<IResource> resources, IEnumerable<string> earlierErrors)
    {
        var errors = new List<string>(earlierErrors);
        var known = resources.ToHashSet();

        foreach (var resource in resources)
        {
            foreach (var reference in resource.AnnotationsOf<ReferenceAnnotation>().Where(r => !known.Contains(r.Resource)))
            {
                errors.Add($"Resource '{resource.Name}' references '{reference.Resource.Name}', which is not part of this application.");
            }

            foreach (var wait in resource.AnnotationsOf<WaitAnnotation>().Where(w => !known.Contains(w.Resource)))
            {
                errors.Add($"Resource '{resource.Name}' waits for '{wait.Resource.Name}', which is not part of this application.");
            }

            if (resource is ProjectResource project && !File.Exists(project.ProjectPath))
            {
                errors.Add($"Project '{resource.Name}': project file '{project.ProjectPath}' does not exist.");
            }

            if (resource.Replicas() < 1)
            {
                errors.Add($"Resource '{resource.Name}': replicas must be at least 1.");
            }

            var duplicateEndpoints = resource.Endpoints().GroupBy(e => e.Name).Where(g => g.Count() > 1);
            errors.AddRange(duplicateEndpoints.Select(g => $"Resource '{resource.Name}' declares endpoint '{g.Key}' more than once."));
        }

        var fixedPorts = resources
            .SelectMany(r => r.Endpoints().Where(e => e.Port is not null).Select(e => (Resource: r, Port: e.Port!.Value)))
            .GroupBy(x => x.Port)
            .Where(g => g.Count() > 1);
        errors.AddRange(fixedPorts.Select(g =>
            $"Port {g.Key} is given to more than one endpoint: {string.Join(", ", g.Select(x => $"'{x.Resource.Name}'"))}."));

        if (FindWaitCycle(resources) is { } cycle)
        {
            errors.Add($"WaitFor cycle: {string.Join(" -> ", cycle.Select(r => $"'{r.Name}'"))}; none of them could ever start.");
        }

        return errors;
    }

    /// <summary>Depth-first search; returns the resources on the first cycle found, first one repeated at the end.</summary>
    internal static IReadOnlyList<IResource>? FindWaitCycle(IReadOnlyList<IResource> resources)
    {
        var state = new Dictionary<IResource, bool>(); // false: on the current path; true: finished
        var path = new Stack<IResource>();

        IReadOnlyList<IResource>? Visit(IResource resource)
        {
            if (state.TryGetValue(resource, out var finished))
            {
                if (finished)
                {
                    return null;
                }

                var onPath = path.Reverse().SkipWhile(r => r != resource).ToList();
                onPath.Add(resource);
                return onPath;
            }

            state[resource] = false;
            path.Push(resource);
            foreach (var dependency in resource.WaitsFor())
            {
                if (Visit(dependency) is { } cycle)
                {
                    return cycle;
                }
            }

            path.Pop();
            state[resource] = true;
            return null;
        }

        return resources.Select(Visit).FirstOrDefault(c => c is not null);
    }
}
