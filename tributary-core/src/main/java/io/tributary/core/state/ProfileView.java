package io.tributary.core.state;

import io.tributary.core.identity.IdentityLink;
import io.tributary.core.profile.Profile;
import java.util.List;
import java.util.Objects;

/** A profile as readers see it: the profile and its identity links. */
public record ProfileView(Profile profile, List<IdentityLink> links) {
  public ProfileView {
    Objects.requireNonNull(profile, "profile");
    links = List.copyOf(links);
  }
}
