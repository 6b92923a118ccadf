using Accord.Server.Hosting;

namespace Accord.IntegrationTests.Cluster;

/// <summary>When a PostgreSQL silo turns on Orleans' Kubernetes hosting.</summary>
public sealed class KubernetesHostingTests
{
    [Theory]
    [InlineData("accord-0", "accord", true)]
    [InlineData("accord-0", null, false)]
    [InlineData(null, "accord", false)]
    [InlineData("", "accord", false)]
    [InlineData(null, null, false)]
    public void RunsInKubernetes_PodNameAndServiceId_OnlyWhenBothSet(string? podName, string? serviceId, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["POD_NAME"] = podName, ["ORLEANS_SERVICE_ID"] = serviceId };

        Assert.Equal(expected, OrleansHostingExtensions.RunsInKubernetes(name => environment.GetValueOrDefault(name)));
    }
}
