using System.Net;
using System.Security.Cryptography;
using System.Text;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.DataPlane.Auth;

/// <summary>
/// Authenticates against the local user store: PAP, MS-CHAPv2 and EAP-MSCHAPv2 with the stored NT hash,
/// CHAP-MD5 only for users with a reversible secret. An unknown user, or a CHAP-MD5 user without a
/// secret, is verified against a random secret, so the peer sees exactly what a wrong password produces
/// (same packets, same work). Failures back off per user and per source address.
/// </summary>
public sealed class LocalUserAuthenticator : IPppAuthenticationProvider
{
    private readonly IUserStore _users;
    private readonly AuthFailureLimiter _limiter;
    private readonly byte[] _decoyNtHash = RandomNumberGenerator.GetBytes(NtHash.Size);
    private readonly byte[] _decoySecret = Encoding.UTF8.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public LocalUserAuthenticator(IUserStore users, AuthFailureLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(limiter);
        _users = users;
        _limiter = limiter;
    }

    public AuthFailureLimiter Limiter => _limiter;

    public ValueTask<AuthDecision> DecideAsync(AuthVerificationRequest request, IPAddress? source, long nowMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        LocalUser? user = Find(request.UserName);
        string name = user?.Name ?? request.UserName;
        if (_limiter.CheckAllowed(name, source, nowMs) > TimeSpan.Zero)
        {
            return ValueTask.FromResult(AuthDecision.Refused(name));
        }

        if (request.Method == AuthMethod.ChapMd5)
        {
            ReadOnlyMemory<byte> secret = user?.ReversibleSecret is string clear ? Encoding.UTF8.GetBytes(clear) : _decoySecret;
            return ValueTask.FromResult(new AuthDecision(AuthDecisionKind.VerifyWithSecret, secret, name));
        }

        ReadOnlyMemory<byte> hash = user is null ? _decoyNtHash : user.NtHash.ToArray();
        return ValueTask.FromResult(new AuthDecision(AuthDecisionKind.VerifyWithNtHash, hash, name));
    }

    public void OnResult(AuthResult result, IPAddress? source, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(result);
        string name = Find(result.UserName)?.Name ?? result.UserName;
        if (result.Succeeded)
        {
            _limiter.RecordSuccess(name);
        }
        else if (result.FailureReason == AuthFailureReason.CredentialsRejected)
        {
            _limiter.RecordFailure(name, source, nowMs);
        }
    }

    public IPAddress? GetStaticAddress(string userName) => Find(userName)?.StaticAddress;

    /// <summary>The exact name first, then without a <c>DOMAIN\</c> prefix (Windows sends one; interop.md #34).</summary>
    private LocalUser? Find(string userName)
    {
        if (_users.TryFind(userName, out LocalUser? user))
        {
            return user;
        }

        int slash = userName.LastIndexOf('\\');
        return slash >= 0 && slash < userName.Length - 1 && _users.TryFind(userName[(slash + 1)..], out user) ? user : null;
    }
}
