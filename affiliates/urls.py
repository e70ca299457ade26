app_name = "affiliates"

urlpatterns: list = []
