"""factory_boy factories for the project-level models. Each app keeps its own next to its tests."""

import factory
from django.contrib.auth.models import Group

from medborger.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda user: f"{user.username}@medborger.example")
    password = factory.django.Password("test-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`UserFactory(roles=[Role.COORDINATOR])` puts the user in those role groups."""
        if create and extracted:
            # get_or_create: a transactional test's flush empties the groups the data migration
            # made, and pytest-django runs the transactional tests after the others.
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))
