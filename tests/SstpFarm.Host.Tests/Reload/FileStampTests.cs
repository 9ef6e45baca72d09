using SstpFarm.Host.Reload;

namespace SstpFarm.Host.Tests.Reload;

public sealed class FileStampTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void StatxSeesTheInodeOfTheFinalTarget()
    {
        string target = _box.WriteFile("target.pem", "content");
        string link = _box.PathOf("link.pem");
        File.CreateSymbolicLink(link, target);

        FileStamp viaLink = FileStamp.Read(link);
        FileStamp direct = FileStamp.Read(target);

        Assert.True(viaLink.Exists);
        Assert.NotEqual(0UL, viaLink.Inode);
        Assert.Equal(direct.Inode, viaLink.Inode);
        Assert.Equal(7, viaLink.Length);
        Assert.Equal(target, viaLink.Target);
    }

    [Fact]
    public void AbsentAndDanglingPathsReadAsMissing()
    {
        string link = _box.PathOf("dangling.pem");
        File.CreateSymbolicLink(link, _box.PathOf("nowhere.pem"));

        Assert.False(FileStamp.Read(_box.PathOf("absent.pem")).Exists);
        Assert.False(FileStamp.Read(link).Exists);
        Assert.Equal(0, FileStamp.Read(link).Errno);
    }

    [Fact]
    public void WithoutStatxALinkSwapStillChangesTheStamp()
    {
        _box.WriteFile("one.pem", "same");
        _box.WriteFile("two.pem", "same");
        string link = _box.PathOf("link.pem");
        File.CreateSymbolicLink(link, "one.pem");
        FileStamp before = FileStamp.ReadManaged(link);

        File.Delete(link);
        File.CreateSymbolicLink(link, "two.pem");

        Assert.NotEqual(before, FileStamp.ReadManaged(link));
    }
}
