namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>Automaton actions as named in RFC 1661 §4.4 (tlu is Tlu, scr is Scr, ...).</summary>
public enum PppAction
{
    Tlu,
    Tld,
    Tls,
    Tlf,
    Irc,
    Zrc,
    Scr,
    Sca,
    Scn,
    Str,
    Sta,
    Scj,
    Ser,
}
