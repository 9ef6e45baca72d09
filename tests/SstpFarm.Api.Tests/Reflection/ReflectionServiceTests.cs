using Google.Protobuf.Reflection;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.Reflection;
using SstpFarm.Api.Reflection.V1;
using SstpFarm.Api.Services;

namespace SstpFarm.Api.Tests.Reflection;

public sealed class ReflectionServiceTests
{
    private readonly ReflectionService _reflection;

    public ReflectionServiceTests()
    {
        var table = new GrpcMethodTable();
        var controlPlane = new ControlPlane.InMemory.InMemoryControlPlane(new ControlPlane.Pools.IpPoolDefinition { Networks = [TestNetworks.Cidr("10.2.0.0/24")] }, TimeProvider.System);
        new SessionService(controlPlane, controlPlane.SessionEvents, TimeProvider.System).Register(table);
        _reflection = new ReflectionService(table);
        _reflection.Register(table);
    }

    [Theory]
    [InlineData("sstpfarm.v1.SessionService")]
    [InlineData("sstpfarm.v1.SessionService.WatchSessions")]
    [InlineData("sstpfarm.v1.SessionEvent")]
    [InlineData("sstpfarm.v1.SessionEvent.Kind")]
    [InlineData(".sstpfarm.v1.Session")]
    public void A_symbol_leads_to_its_file_and_dependencies(string symbol)
    {
        ServerReflectionResponse response = _reflection.Answer(new ServerReflectionRequest { FileContainingSymbol = symbol, Host = "h" });

        string[] names = [.. response.FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b).Name)];
        Assert.Equal(["sstpfarm/v1/sessions.proto", "google/protobuf/timestamp.proto"], names);
        Assert.Equal("h", response.ValidHost);
        Assert.Equal(symbol, response.OriginalRequest.FileContainingSymbol);
    }

    [Fact]
    public void Files_are_found_by_name_including_dependencies_and_unknown_ones_are_NOT_FOUND()
    {
        Assert.Single(_reflection.Answer(new ServerReflectionRequest { FileByFilename = "google/protobuf/timestamp.proto" }).FileDescriptorResponse.FileDescriptorProto);
        Assert.Equal((int)GrpcStatusCode.NotFound, _reflection.Answer(new ServerReflectionRequest { FileByFilename = "x.proto" }).ErrorResponse.ErrorCode);
        Assert.Equal((int)GrpcStatusCode.NotFound, _reflection.Answer(new ServerReflectionRequest { FileContainingSymbol = "sstpfarm.v1.Nope" }).ErrorResponse.ErrorCode);
        Assert.Equal((int)GrpcStatusCode.InvalidArgument, _reflection.Answer(new ServerReflectionRequest()).ErrorResponse.ErrorCode);
    }

    [Fact]
    public void Lists_services_and_no_extensions()
    {
        Assert.Equal(
            ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "sstpfarm.v1.SessionService"],
            _reflection.Answer(new ServerReflectionRequest { ListServices = "*" }).ListServicesResponse.Service.Select(s => s.Name));
        ServerReflectionResponse extensions = _reflection.Answer(new ServerReflectionRequest { AllExtensionNumbersOfType = "sstpfarm.v1.Session" });
        Assert.Equal("sstpfarm.v1.Session", extensions.AllExtensionNumbersResponse.BaseTypeName);
        Assert.Empty(extensions.AllExtensionNumbersResponse.ExtensionNumber);
    }

}
