using Grpc.Net.Client;

namespace Accord.Testing;

/// <summary>A running Accord server that a test reaches through a gRPC channel (AccordServerFixture, in Accord.Testing.Server).</summary>
public interface ITestServer
{
    /// <summary>A channel to the server's gRPC endpoint.</summary>
    GrpcChannel Channel { get; }
}
