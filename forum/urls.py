app_name = "forum"

urlpatterns = []
