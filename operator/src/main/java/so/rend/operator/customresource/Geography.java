package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("Countries and continents whose viewers GeoDNS routes to this region.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value =
                "(has(self.countries) && size(self.countries) > 0) || (has(self.continents) && size(self.continents) > 0)",
        message = "name at least one country or continent")
public class Geography {
    @Size(max = 250)
    @JsonPropertyDescription("ISO 3166-1 alpha-2 country codes, e.g. DE, GB, US.")
    public List<@Pattern("^[A-Z]{2}$") String> countries = new ArrayList<>();

    @Size(max = 7)
    @JsonPropertyDescription("Continent codes: AF, AN, AS, EU, NA, OC, SA.")
    public List<Continent> continents = new ArrayList<>();

    public Geography() {}

    public Geography(List<String> countries, List<Continent> continents) {
        this.countries = new ArrayList<>(countries);
        this.continents = new ArrayList<>(continents);
    }
}
