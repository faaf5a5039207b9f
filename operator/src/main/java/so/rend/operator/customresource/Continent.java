package so.rend.operator.customresource;

/** Continent codes as GeoDNS providers name them. */
public enum Continent {
    AF,
    AN,
    AS,
    EU,
    NA,
    OC,
    SA
}
