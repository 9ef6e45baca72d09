namespace SstpFarm.Host.Options;

public sealed class AuthenticationOptions
{
    /// <summary>
    /// MS-CHAPv2 only by default: it is what Windows offers first and the only method here whose
    /// keys feed SSTP crypto binding (MS-SSTP §3.2.5.2); PAP binds with a zero key and CHAP-MD5
    /// needs a password stored reversibly. Enable those explicitly.
    /// </summary>
    public IReadOnlyList<AuthMethod> Methods { get; set; } = [AuthMethod.MsChapV2];

    /// <summary>The local user file. Default: users.json in the state directory.</summary>
    public string? UsersFile { get; set; }
}

/// <summary>PPP authentication protocols the node offers.</summary>
public enum AuthMethod
{
    Pap,
    ChapMd5,
    MsChapV2,
}
