using Accord.IntegrationTests.Infrastructure;
using Accord.Testing.Server;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Accord.IntegrationTests.Registry;

/// <summary>The endpoint's standard services: health and server reflection.</summary>
[Collection(ServerCollection.Name)]
public sealed class HostingTests(AccordServerFixture server)
{
    [Fact]
    public async Task HealthCheck_RunningServer_Serving()
    {
        var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task ServerReflection_ListServices_NamesTheRegistryAndHealth()
    {
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("accord.v1.RegistryService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }
}
